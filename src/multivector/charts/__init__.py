"""Chart specifications (Vega-Lite dicts) shared by the faces: the web
pages, the briefs and the generated docs."""
