"""Short descriptions of CAMEO event codes, for titles of imported GDELT events.

Our own wording: the 20 root codes and the base codes most common in
Pakistan–Afghanistan reporting. Other codes fall back to their root's text.
"""

from __future__ import annotations

ROOTS: dict[str, str] = {
    "01": "public statement", "02": "appeal", "03": "intent to cooperate",
    "04": "consultation", "05": "diplomatic cooperation", "06": "material cooperation",
    "07": "aid", "08": "concession", "09": "investigation", "10": "demand",
    "11": "disapproval", "12": "rejection", "13": "threat", "14": "protest",
    "15": "show of force", "16": "relations reduced", "17": "coercion", "18": "assault",
    "19": "armed fighting", "20": "mass violence",
}

CODES: dict[str, str] = {
    "010": "statement", "012": "pessimistic remark", "013": "optimistic remark",
    "017": "symbolic act", "018": "accord expressed", "020": "appeal",
    "036": "offer to meet or negotiate", "040": "consultation", "041": "phone call",
    "042": "visit", "043": "hosted visit", "044": "meeting at a third place",
    "045": "mediation", "046": "negotiation", "051": "praise", "057": "formal agreement signed",
    "061": "economic cooperation", "062": "military cooperation", "064": "intelligence shared",
    "070": "aid", "071": "economic aid", "073": "humanitarian aid", "0841": "people released",
    "0871": "truce or ceasefire", "090": "investigation", "111": "criticism",
    "112": "accusation", "130": "threat", "138": "threat of military force",
    "141": "demonstration", "145": "violent protest or riot", "154": "forces mobilised",
    "161": "diplomatic relations cut", "166": "sanctions or embargo", "173": "arrest or detention",
    "174": "expulsion or deportation", "180": "unconventional violence", "181": "abduction",
    "183": "bombing", "1831": "suicide bombing", "186": "assassination",
    "190": "military force used", "191": "blockade or movement restricted",
    "192": "territory occupied", "193": "small-arms fighting", "194": "artillery and tank fire",
    "195": "air strike", "196": "ceasefire violated",
}


def describe(code: str | None) -> str:
    """A short phrase for a CAMEO code: the code's own text, else its root's."""
    code = (code or "").strip()
    for key in (code, code[:3], code[:2]):
        if key in CODES:
            return CODES[key]
        if key in ROOTS and len(key) == 2:
            return ROOTS[key]
    return f"CAMEO {code}" if code else "event"
