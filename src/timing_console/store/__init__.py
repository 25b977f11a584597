"""This station's durable store: its journal, the TinyDB snapshot, recovery, its identity and
its records as models (`repo`)."""
