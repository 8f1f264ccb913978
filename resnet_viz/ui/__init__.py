"""Streamlit-only helpers: cached traces and the shared sidebar controls.

The only package module that imports streamlit; resnet_viz/__init__.py never imports it.
"""
