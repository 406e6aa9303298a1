using System.Text;

namespace DataGen.Cli;

/// <summary>
/// The bottom lines of a terminal, redrawn in place, with log lines printed above them. Every write to the terminal
/// while the region is shown goes through here, under one lock: a log line erases the region, prints, and draws the
/// region again below it, so the scrollback never holds a stale copy of a progress row. Region lines are cut to the
/// terminal's width (a wrapped line would break the count of lines to erase) and the region to its height.
/// </summary>
internal sealed class LiveRegion
{
    private const string Escape = "\u001b[";
    private readonly TextWriter _terminal;
    private readonly Func<(int Width, int Height)> _size;
    private readonly Lock _gate = new();
    private IReadOnlyList<string> _lines = [];
    private int _drawn;
    private bool _active;

    /// <param name="terminal">The terminal's writer (stderr).</param>
    /// <param name="size">The terminal's columns and rows now; asked at every draw, so a resized window is followed.</param>
    public LiveRegion(TextWriter terminal, Func<(int Width, int Height)>? size = null)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        _terminal = terminal;
        _size = size ?? ConsoleSize;
    }

    /// <summary>Starts drawing the region below whatever is printed.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _active = true;
        }
    }

    /// <summary>Replaces the region's lines and redraws it.</summary>
    public void Show(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        lock (_gate)
        {
            _lines = lines;
            if (_active)
            {
                var text = new StringBuilder();
                Erase(text);
                Draw(text);
                Flush(text);
            }
        }
    }

    /// <summary>Prints text (one or more whole lines) above the region; without a region, prints it as is.</summary>
    public void WriteAbove(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_gate)
        {
            if (!_active)
            {
                _terminal.Write(text);
                _terminal.Flush();
                return;
            }

            var output = new StringBuilder();
            Erase(output);
            output.Append(text);
            if (text.Length > 0 && text[^1] != '\n')
            {
                output.Append('\n');
            }

            Draw(output);
            Flush(output);
        }
    }

    /// <summary>Leaves the region's last lines on screen as ordinary output and stops redrawing.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _active = false;
            _drawn = 0;
        }
    }

    private void Erase(StringBuilder output)
    {
        if (_drawn > 0)
        {
            // Up to the region's first line, then clear to the end of the screen.
            output.Append(Escape).Append(_drawn).Append("A\r").Append(Escape).Append('J');
        }

        _drawn = 0;
    }

    private void Draw(StringBuilder output)
    {
        var (width, height) = _size();
        var room = Math.Max(1, height - 1);
        var lines = _lines.Count <= room ? _lines : [.. _lines.Take(room - 1), $"... {_lines.Count - room + 1} more rows"];
        foreach (var line in lines)
        {
            // One column spare: writing the last column leaves some terminals waiting to wrap.
            var cut = width > 1 && line.Length > width - 1 ? line[..(width - 1)] : line;
            output.Append(cut).Append('\n');
            _drawn++;
        }
    }

    private void Flush(StringBuilder output)
    {
        _terminal.Write(output.ToString());
        _terminal.Flush();
    }

    private static (int Width, int Height) ConsoleSize()
    {
        try
        {
            return (Console.WindowWidth > 0 ? Console.WindowWidth : 120, Console.WindowHeight > 0 ? Console.WindowHeight : 40);
        }
        catch (IOException)
        {
            // No size to read (an odd terminal): a wide default; lines are still cut, so the count of lines holds.
            return (120, 40);
        }
    }
}
