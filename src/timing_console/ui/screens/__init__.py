"""The console's other screens: programme, standings, athlete, prizes, line-up, help."""
