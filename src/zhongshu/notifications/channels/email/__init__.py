"""E-mail channel: every notification, to people with an e-mail address."""
