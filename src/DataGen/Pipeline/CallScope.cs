namespace DataGen.Pipeline;

/// <summary>
/// Which stage and kind the model calls on this async flow belong to, so usage can be summed per stage and kind
/// without threading labels through every generator.
/// </summary>
public static class CallScope
{
    private static readonly AsyncLocal<(string Stage, string Kind)?> Current = new();

    public static string Stage => Current.Value?.Stage ?? "unknown";

    public static string Kind => Current.Value?.Kind ?? "unknown";

    /// <summary>Labels the calls of the current async flow; call from the method that awaits them.</summary>
    public static void Enter(string stage, string kind) => Current.Value = (stage, kind);
}
