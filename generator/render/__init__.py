"""Render: HTML, XML and JSON pages from the model and the theme."""
