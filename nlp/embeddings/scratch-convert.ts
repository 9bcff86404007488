import { convertMiniLm } from './convert-minilm';
(async () => {
  const r = await convertMiniLm('/tmp/minilm-a');
  console.log(r, process.memoryUsage().rss / 1e6);
})();
