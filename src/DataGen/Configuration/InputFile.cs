using System.Text;

namespace DataGen.Configuration;

/// <summary>
/// Reads an input file (the config, the constitution, a prompt) as strict UTF-8: an unreadable, oversized or non-UTF-8
/// file is one <see cref="ConfigException"/> naming the file (and, for bad bytes, the line). Decoded leniently, bad
/// bytes would become U+FFFD in prompts and rows.
/// </summary>
internal static class InputFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of <paramref name="path"/> without a leading BOM; <paramref name="what"/> names it in messages ("the config file").</summary>
    public static string ReadText(string path, string what, long? maxBytes = null) => Read(path, what, maxBytes).Text;

    /// <summary><see cref="ReadText"/>, with the bytes as read (what a hash of the file is taken over).</summary>
    public static (string Text, byte[] Bytes) Read(string path, string what, long? maxBytes = null)
    {
        byte[] bytes;
        try
        {
            if (maxBytes is { } max && new FileInfo(path).Length is var length && length > max)
            {
                throw new ConfigException(path, $"{what} is {length} bytes, over the {max}-byte limit");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, $"cannot read {what}: {ex.Message}");
        }

        try
        {
            var text = StrictUtf8.GetString(bytes);
            return (text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text, bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var offset = Math.Max(0, ex.Index);
            throw new ConfigException(path, $"line {bytes.AsSpan(0, Math.Min(offset, bytes.Length)).Count((byte)'\n') + 1}: not valid UTF-8 (byte offset {offset}); save the file as UTF-8");
        }
    }
}
