"""The command line (`rag`) and the chat page (`rag chat`): thin layers over index.load and rag."""
