"""Several laptops, one day: station files, bundles, the exchange and the push, the
merge of their records with its conflicts, and the union every screen shows (`view`)."""
