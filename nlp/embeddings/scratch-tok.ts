(async () => {
  const { AutoTokenizer } = await import('@huggingface/transformers');
  const tok = await AutoTokenizer.from_pretrained('/tmp/minilm-a');
  const msgs = ['where is my order?', 'I want to return these shoes', 'can I talk to a human please', 'my card was charged twice for the same purchase', 'hi'];
  for (const m of msgs) console.log(m, tok(m).input_ids.dims);
  const a = performance.now();
  for (let i = 0; i < 5000; i++) tok([msgs[i % 5]], { padding: true, truncation: true, max_length: 256 });
  console.log('tok µs', ((performance.now() - a) / 5).toFixed(1));
})();
