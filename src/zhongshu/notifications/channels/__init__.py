"""Delivery channels besides the in-app list, one folder per kind with the same files.

Each channel package exposes ``deliver(notification) -> bool`` in ``transport.py``: True when
the message left, False when the channel does not apply (no address, not configured).
"""
