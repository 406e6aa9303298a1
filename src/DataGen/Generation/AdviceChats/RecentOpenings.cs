namespace DataGen.Generation.AdviceChats;

/// <summary>
/// The openings (first words) of the last few user messages finished in this process, shown to the prompt-rewrite
/// step so a strong model does not start every user the same way. Thread-safe. The sample it shows depends on which
/// seeds finished first, so that one prompt is not reproducible across runs; capacity 0 turns it off.
/// </summary>
public sealed class RecentOpenings(int capacity)
{
    /// <summary>Words of a message kept as its opening.</summary>
    public const int Words = 12;

    private readonly Queue<string> _openings = new();
    private readonly Lock _lock = new();

    /// <summary>The recent openings as "- ..." lines, newest last, or "(none)".</summary>
    public string Render()
    {
        lock (_lock)
        {
            return _openings.Count == 0 ? "(none)" : string.Join('\n', _openings.Select(o => "- " + o));
        }
    }

    public void Add(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (capacity <= 0)
        {
            return;
        }

        var words = message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var opening = string.Join(' ', words.Take(Words)) + (words.Length > Words ? " ..." : string.Empty);
        lock (_lock)
        {
            _openings.Enqueue(opening);
            while (_openings.Count > capacity)
            {
                _openings.Dequeue();
            }
        }
    }
}
