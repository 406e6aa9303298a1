namespace DataGen.Simulator;

/// <summary>
/// A deterministic corpus for measuring near-duplicate detection: distinct texts (150-300 words from a synthetic
/// vocabulary, sprinkled with shared stock sentences so distinct texts overlap a little, as generated data does) and
/// near-duplicates made from them by a known number of word edits (substitute, insert, delete). Used by the recall
/// test and by <c>datagen bench minhash</c>.
/// </summary>
public static class PlantedCorpus
{
    /// <summary>One document: its family (the distinct text it derives from) and the edits applied (0 for originals).</summary>
    public sealed record Document(string Id, int Family, int Edits, string Text);

    public static IReadOnlyList<Document> Generate(int distinct, int nearDuplicates, int maxEdits, int seed)
    {
        var rng = new Random(seed);
        var vocabulary = Vocabulary(rng, 20_000);
        var stock = Enumerable.Range(0, 40).Select(_ => string.Join(' ', Enumerable.Range(0, 10).Select(_ => vocabulary[rng.Next(300)]))).ToArray();
        var originals = new List<string[]>(distinct);
        var documents = new List<Document>(distinct + nearDuplicates);
        for (var i = 0; i < distinct; i++)
        {
            var words = Words(rng, vocabulary, stock);

            originals.Add([.. words]);
            documents.Add(new Document($"d{i:D7}", i, 0, string.Join(' ', words)));
        }

        for (var j = 0; j < nearDuplicates; j++)
        {
            var family = rng.Next(distinct);
            var words = new List<string>(originals[family]);
            var edits = rng.Next(1, maxEdits + 1);
            Edit(words, edits, rng, vocabulary);

            documents.Add(new Document($"n{j:D7}", family, edits, string.Join(' ', words)));
        }

        // Interleave deterministically, so a near-duplicate may arrive before or after its original.
        return [.. documents.OrderBy(_ => rng.Next())];
    }

    /// <summary>
    /// The same kind of corpus, <paramref name="documents"/> long, generated lazily so a million documents need no
    /// more memory than the caller keeps: every tenth document is a near-duplicate of a random original (which may
    /// come later in the stream), the rest are the originals in order. Each original is rebuilt from its own seed
    /// when a near-duplicate of it is made.
    /// </summary>
    public static IEnumerable<Document> Stream(int documents, int maxEdits, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(documents, 1);
        var rng = new Random(seed);
        var vocabulary = Vocabulary(rng, 20_000);
        var stock = Enumerable.Range(0, 40).Select(_ => string.Join(' ', Enumerable.Range(0, 10).Select(_ => vocabulary[rng.Next(300)]))).ToArray();
        var nearDuplicates = documents / 10;
        var distinct = documents - nearDuplicates;
        var next = 0;
        for (var k = 0; k < documents; k++)
        {
            if (k % 10 == 9 && k / 10 < nearDuplicates)
            {
                var family = rng.Next(distinct);
                var words = Original(family, seed, vocabulary, stock);
                var edits = rng.Next(1, maxEdits + 1);
                Edit(words, edits, rng, vocabulary);
                yield return new Document($"n{k / 10:D7}", family, edits, string.Join(' ', words));
            }
            else
            {
                yield return new Document($"d{next:D7}", next, 0, string.Join(' ', Original(next, seed, vocabulary, stock)));
                next++;
            }
        }
    }

    private static List<string> Original(int family, int seed, List<string> vocabulary, string[] stock)
    {
        // Not HashCode.Combine: it is randomised per process, and the corpus must repeat.
        return Words(new Random(unchecked((seed * 1_000_003) + family)), vocabulary, stock);
    }

    /// <summary>One distinct text: 150-300 words from the vocabulary, with a stock sentence about every eighth draw.</summary>
    private static List<string> Words(Random rng, List<string> vocabulary, string[] stock)
    {
        var words = new List<string>();
        var length = rng.Next(150, 301);
        while (words.Count < length)
        {
            if (rng.Next(8) == 0)
            {
                words.AddRange(stock[rng.Next(stock.Length)].Split(' '));
            }
            else
            {
                words.Add(vocabulary[rng.Next(vocabulary.Count)]);
            }
        }

        return words;
    }

    private static void Edit(List<string> words, int edits, Random rng, List<string> vocabulary)
    {
        for (var e = 0; e < edits; e++)
        {
            var at = rng.Next(words.Count);
            switch (rng.Next(3))
            {
                case 0:
                    words[at] = vocabulary[rng.Next(vocabulary.Count)];
                    break;
                case 1:
                    words.Insert(at, vocabulary[rng.Next(vocabulary.Count)]);
                    break;
                default:
                    words.RemoveAt(at);
                    break;
            }
        }
    }

    private static List<string> Vocabulary(Random rng, int size)
    {
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (words.Count < size)
        {
            words.Add(new string([.. Enumerable.Range(0, rng.Next(3, 10)).Select(_ => letters[rng.Next(letters.Length)])]));
        }

        return [.. words];
    }
}
