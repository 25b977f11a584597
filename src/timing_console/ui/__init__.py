"""What the referee sees: the Textual screens, dialogs and widgets, the console's words and keys."""
