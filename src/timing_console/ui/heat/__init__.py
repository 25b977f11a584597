"""The heat screens: race, countdown and free throws over one `HeatDesk`, their lanes,
count boxes and start signal."""
