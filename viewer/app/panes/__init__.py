"""The panes: each takes the store's query service and the ViewState in its constructor."""
