"""Text tools every stage shares: tokenisation (one jieba set-up), the language detector, sentence
splitting, and the English-Chinese dictionary bridge."""
