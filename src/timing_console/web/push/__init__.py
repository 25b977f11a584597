"""The desk's side of the push: other stations' records taken in over the network."""
