"""The app's screens: home, comparison, history, describe, dialogs."""
