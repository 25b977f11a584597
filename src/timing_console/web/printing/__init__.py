"""Paper: the results book and the certificates, as self-contained HTML to print."""
