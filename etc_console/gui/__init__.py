"""The Qt desktop console: the only package that imports Qt or pyqtgraph."""
