"""Small widgets several screens share."""
