"""A tiny random chat model built and saved on the spot (no download), for the transformers answerer.

Its output head is zeroed, so greedy decoding always picks token 0 ("acme"): its text is nonsense but
predictable, which shows that generation ran and streamed.
"""

from __future__ import annotations

from pathlib import Path

SENTENCES = [
    "acme opened its first plant in suzhou in 2021",
    "the plant makes small chips for phones",
    "answer the question from the sources",
]
SPECIALS = ["[UNK]", "[PAD]", "<|system|>", "<|user|>", "<|assistant|>", "<|end|>"]
CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|> {{ m['content'] }} <|end|> {% endfor %}"
    "{% if add_generation_prompt %}<|assistant|> {% endif %}"
)
NEW_TOKENS = 6


def build_tiny_model(folder: Path) -> str:
    """Save the tiny model and its tokenizer in `folder`; returns its path."""
    import torch
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import Whitespace
    from transformers import AutoModelForCausalLM, LlamaConfig, PreTrainedTokenizerFast

    words = sorted({w for s in SENTENCES for w in s.split()})
    words.remove("acme")
    vocab = {w: i for i, w in enumerate(["acme", *SPECIALS, *words])}  # "acme" is token 0
    backend = Tokenizer(WordLevel(vocab=vocab, unk_token="[UNK]"))
    backend.pre_tokenizer = Whitespace()
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=backend, unk_token="[UNK]", pad_token="[PAD]", eos_token="<|end|>",
        additional_special_tokens=["<|system|>", "<|user|>", "<|assistant|>"],
    )
    tokenizer.chat_template = CHAT_TEMPLATE

    config = LlamaConfig(
        vocab_size=len(vocab), hidden_size=32, intermediate_size=64, num_hidden_layers=1,
        num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=2048,
        pad_token_id=vocab["[PAD]"], eos_token_id=vocab["<|end|>"], bos_token_id=None, tie_word_embeddings=False,
    )
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(config)
    with torch.no_grad():
        model.lm_head.weight.zero_()  # every logit 0: greedy picks token 0 each step

    tokenizer.save_pretrained(folder)
    model.save_pretrained(folder)
    return str(folder)


