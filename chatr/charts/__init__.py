"""Plotly figures, one module per page's subject; `style` is the one look they all share.

Figures only: nothing here imports Streamlit, so every chart is unit-tested without it.
"""
