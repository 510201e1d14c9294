"""The HQ console (``/hq/``): HQ and store managers run the loyalty program from a browser."""
