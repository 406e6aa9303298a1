using System.Collections.Concurrent;
using System.Reflection;
using DataGen.Configuration;

namespace DataGen.Generation;

/// <summary>
/// Real organisations and products (companies, AI labs, governments and agencies, well-known products), read from a
/// line-based file shipped as data (<c>datasets/gazetteer/organisations.txt</c>, also embedded as the default), and
/// matched on word boundaries in one pass: the text's words are looked up in a hash of each entry's first word, and
/// only the entries starting there are compared word by word. Matching ignores case and punctuation between words
/// ("Google's", "GPT 4", "Deutsche-Bank"). A line is <c>Name</c>, optionally followed by <c>| cased</c> (only in the
/// listed capitalisation, and never as a sentence's first word: "Apple", "Target", "Meta") and
/// <c>| except: river, basin</c> (not when the next word is one of these: "the Amazon river"). <c>#</c> starts a comment.
/// </summary>
public sealed class Gazetteer
{
    /// <summary>The file's name in the repository and the manifest resource's logical name.</summary>
    public const string DefaultFile = "datasets/gazetteer/organisations.txt";

    private const string ResourceName = "DataGen.gazetteer.organisations.txt";

    private static readonly ConcurrentDictionary<string, Lazy<Gazetteer>> Loaded = new(StringComparer.Ordinal);

    private readonly Dictionary<string, List<Entry>>.AlternateLookup<ReadOnlySpan<char>> _byFirstWord;

    private Gazetteer(IEnumerable<Entry> entries)
    {
        var index = new Dictionary<string, List<Entry>>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            if (!index.TryGetValue(entry.Words[0], out var list))
            {
                index[entry.Words[0]] = list = [];
            }

            list.Add(entry);
        }

        // Longest entry first, so "Google DeepMind" wins over "Google" where both start.
        foreach (var list in index.Values)
        {
            list.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
        }

        Count = index.Values.Sum(l => l.Count);
        _byFirstWord = index.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Number of entries.</summary>
    public int Count { get; }

    /// <summary>The shipped gazetteer (the embedded copy of <see cref="DefaultFile"/>).</summary>
    public static Gazetteer Default => Loaded.GetOrAdd(ResourceName, _ => new Lazy<Gazetteer>(() => Parse(ReadResource(), DefaultFile))).Value;

    /// <summary>The gazetteer at <paramref name="path"/> (cached per path), or <see cref="Default"/> when null.</summary>
    /// <exception cref="ConfigException">The file is missing or a line is malformed (every bad line listed).</exception>
    public static Gazetteer Load(string? path)
    {
        if (path is null)
        {
            return Default;
        }

        var full = Path.GetFullPath(path);
        var lazy = Loaded.GetOrAdd(full, p => new Lazy<Gazetteer>(() => File.Exists(p)
            ? Parse(File.ReadAllText(p), p)
            : throw new ConfigException(p, "gazetteer file not found")));
        try
        {
            return lazy.Value;
        }
        catch (ConfigException)
        {
            // A bad file is not cached: the user fixes it and the next load reads it again.
            Loaded.TryRemove(full, out _);
            throw;
        }
    }

    /// <summary>Parses gazetteer text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="ConfigException">A line is malformed (every bad line listed, with its number).</exception>
    public static Gazetteer Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new List<Entry>();
        var problems = new List<string>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split('|', StringSplitOptions.TrimEntries);
            var name = fields[0];
            var words = Words(name);
            if (words.Count == 0)
            {
                problems.Add($"line {lineNumber}: '{raw.Trim()}' has no name (a name needs a letter or digit)");
                continue;
            }

            var cased = false;
            HashSet<string> except = new(StringComparer.OrdinalIgnoreCase);
            foreach (var field in fields.Skip(1))
            {
                if (field == "cased")
                {
                    cased = true;
                }
                else if (field.StartsWith("except:", StringComparison.Ordinal)
                    && field["except:".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } following)
                {
                    except.UnionWith(following);
                }
                else
                {
                    problems.Add($"line {lineNumber}: unknown field '{field}' after '{name}'; expected 'cased' or 'except: word, word'");
                }
            }

            entries.Add(new Entry(name, [.. words.Select(w => name.Substring(w.Start, w.Length))], cased, except));
        }

        if (problems.Count > 0)
        {
            throw new ConfigException(source, problems);
        }

        return new Gazetteer(entries);
    }

    /// <summary>Every entry found in <paramref name="text"/>, each once, in order of first appearance.</summary>
    public IReadOnlyList<string> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = Words(text);
        List<string>? found = null;
        for (var i = 0; i < words.Count; i++)
        {
            if (!_byFirstWord.TryGetValue(text.AsSpan(words[i].Start, words[i].Length), out var candidates))
            {
                continue;
            }

            foreach (var entry in candidates)
            {
                if (Matches(entry, text, words, i))
                {
                    found ??= [];
                    if (!found.Contains(entry.Name))
                    {
                        found.Add(entry.Name);
                    }

                    i += entry.Words.Length - 1;
                    break;
                }
            }
        }

        return found ?? (IReadOnlyList<string>)[];
    }

    private static bool Matches(Entry entry, string text, List<(int Start, int Length)> words, int at)
    {
        if (at + entry.Words.Length > words.Count)
        {
            return false;
        }

        var comparison = entry.Cased ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        for (var k = 0; k < entry.Words.Length; k++)
        {
            var (start, length) = words[at + k];
            if (!text.AsSpan(start, length).Equals(entry.Words[k], comparison))
            {
                return false;
            }

            // Words of one name are separated by a space or a little punctuation ("J.P. Morgan", "AT&T"), never a line.
            var gapStart = words[at + k - (k > 0 ? 1 : 0)].Start + words[at + k - (k > 0 ? 1 : 0)].Length;
            if (k > 0 && (start - gapStart > 3 || text.AsSpan(gapStart, start - gapStart).Contains('\n')))
            {
                return false;
            }
        }

        if (entry.Cased && StartsSentence(text, words[at].Start))
        {
            return false;
        }

        var next = at + entry.Words.Length;
        return entry.Except.Count == 0 || next >= words.Count
            || !entry.Except.GetAlternateLookup<ReadOnlySpan<char>>().Contains(text.AsSpan(words[next].Start, words[next].Length));
    }

    // True at the start of the text, a line, or after a sentence's end (quotes, brackets and markup skipped).
    private static bool StartsSentence(string text, int start)
    {
        for (var i = start - 1; i >= 0; i--)
        {
            var c = text[i];
            if (c is '.' or '!' or '?' or '\n' or ':')
            {
                return true;
            }

            if (!(char.IsWhiteSpace(c) || c is '"' or '\'' or '“' or '‘' or '(' or '[' or '*' or '_' or '-' or '—'))
            {
                return false;
            }
        }

        return true;
    }

    // Maximal runs of letters and digits: punctuation and spaces both separate words.
    private static List<(int Start, int Length)> Words(string text)
    {
        var words = new List<(int, int)>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add((start, i - start));
                start = -1;
            }
        }

        return words;
    }

    private static string ReadResource()
    {
        using var stream = typeof(Gazetteer).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{DefaultFile} is not embedded in the DataGen assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed record Entry(string Name, string[] Words, bool Cased, HashSet<string> Except);
}
