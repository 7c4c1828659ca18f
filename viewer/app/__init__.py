"""The Qt application: main window, panes, dialogs, item models, workers."""
