using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataGen.Output.Rows;

namespace DataGen.Scale;

/// <summary>
/// A hash of a dataset's content that ignores how it was run: rows sorted by (kind, id), each contributing the SHA-256
/// of its kind, id, principle, prompt id and content (prose, or the turns as JSON). Run id, timestamps, token counts and shard layout
/// are left out, so one process, many workers and any shard order give the same hash for the same rows.
/// </summary>
public sealed class LogicalContentHash
{
    // Per row only its digest is kept (not its text), so memory grows by ~100 bytes a row, not by the row's size.
    private readonly List<(string Kind, string Id, byte[] Digest)> _rows = [];
    private readonly Lock _gate = new();

    public void Add(SampleRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var content = row switch
        {
            TextSampleRow text => text.Text,
            ChatSampleRow chat => JsonSerializer.Serialize(chat.Messages.Select(m => new[] { m.Role, m.Content })),
            _ => string.Empty,
        };
        lock (_gate)
        {
            _rows.Add((row.Kind, row.Id, SHA256.HashData(Encoding.UTF8.GetBytes($"{row.Kind}\t{row.Id}\t{row.PrincipleId}\t{row.PromptId}\t{content}\n"))));
        }
    }

    /// <summary>SHA-256 over the rows in (kind, id) order, lower-case hex.</summary>
    public string Finish()
    {
        lock (_gate)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var row in _rows.OrderBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal))
            {
                hash.AppendData(row.Digest);
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
    }
}
