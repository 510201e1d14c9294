"""The member page (``/m/``): a member signs in with a one-time code and sees their points, tier,
history and vouchers, and shows the till a rotating signed QR code from their phone."""
