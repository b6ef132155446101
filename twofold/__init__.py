"""Twofold: a B2B CRM where sales and account management are two jobs joined by one hand-over."""

__version__ = "0.1.0"
