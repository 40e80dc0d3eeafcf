"""The core library, one folder per stage of the data flow:

    text/ -> ingest/ -> embed/ -> (index/, outside rag) -> retrieve/ -> question/ -> evidence/ -> answer/

`types.py` holds the records that flow through it, `config.py` the one configuration, `factory.py`
the one place concrete parts are chosen, `pipeline.py` the question path, `fitted.py` the fitted
numbers (as data in `data/fitted/`). Nothing here imports index/, ui/, eval/ or gradio.
"""
