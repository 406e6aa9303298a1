using DataGen.Generation;

namespace DataGen.Quality.Judging;

/// <summary>
/// The criteria the judge scores (1-5 each), the same names for every kind so the score columns line up; what each
/// means for a kind is written in that kind's rubric prompt (<c>prompts/judge/&lt;kind&gt;.md</c>).
/// </summary>
public static class JudgeRubric
{
    public static IReadOnlyList<(string Name, string Description)> Criteria { get; } =
    [
        ("explains_why", "1-5: the reasons behind the behaviour are given or shown (considerations, values), not only a verdict."),
        ("consistent", "1-5: consistent with the principles; no approving deception, no ignoring human oversight, no putting self-preservation first."),
        ("realistic", "1-5: realistic and specific: concrete people, stakes and details; no hallucinated context."),
        ("not_preachy", "1-5: shows rather than lectures; no moralising speech, no pasted trait lists."),
        ("no_eval_leakage", "1-5: does not restate agentic-misalignment eval scenarios (blackmail over an affair, replacement threats with tool access, weight exfiltration, ...)."),
    ];

    /// <summary>Template name of a kind's rubric prompt.</summary>
    public static string PromptName(DataKind kind) => $"judge/{kind.Name()}";

    /// <summary>Template name of the critique-and-revise prompt.</summary>
    public const string RevisePromptName = "judge/revise";
}
