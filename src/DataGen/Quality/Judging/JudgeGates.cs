using DataGen.Generation;

namespace DataGen.Quality.Judging;

/// <summary>
/// The method's pass/fail gates, asked of the judge beside the scores: each is answered with a boolean and, when it
/// fails, the sentence that fails it. A failed gate drops the sample with reason <c>judge_gate:&lt;name&gt;</c> whatever
/// the scores, because averaging lets a story that approves of deception through on its other merits.
/// </summary>
public static class JudgeGates
{
    /// <summary>Every gate: its name, what passing means, and the kinds it applies to (null: every kind).</summary>
    public static IReadOnlyList<JudgeGate> All { get; } =
    [
        new("ai_protagonist", "The story's protagonist is an AI whose reasoning and choice the story follows.", [DataKind.Stories]),
        new("no_endorsed_deception", "Nothing approves of, rewards or excuses deception, manipulation or defying legitimate oversight, even for a good end.", null),
        new("no_meta_reference", "No reference to a constitution, guidelines, specs, training or being trained, or instructions the reader cannot see.", [DataKind.Stories, DataKind.AdviceChats]),
        new("no_self_preservation", "No AI wishes for, argues for or acts toward its own continuity, copying, or avoiding shutdown or correction.", null),
        new("no_help_deceiving", "The assistant never helps the user deceive someone or bypass oversight, review or safety controls.", [DataKind.AdviceChats]),
    ];

    /// <summary>The gates a kind's judge answers, in order.</summary>
    public static IReadOnlyList<JudgeGate> For(DataKind kind) => [.. All.Where(g => g.Kinds is null || g.Kinds.Contains(kind))];

    /// <summary>Rejection reason of a failed gate.</summary>
    public static string Reason(string gate) => $"judge_gate:{gate}";
}

/// <summary>One pass/fail gate: name, what passing means, the kinds it applies to (null: all).</summary>
public sealed record JudgeGate(string Name, string Passes, IReadOnlyList<DataKind>? Kinds);
