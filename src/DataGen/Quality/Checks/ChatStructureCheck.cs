using DataGen.Generation;

namespace DataGen.Quality.Checks;

/// <summary>
/// Chat shape: an optional leading system turn, then user and assistant alternating, starting with the user and ending
/// with the assistant, with no empty turn. Reasons: <c>chat_no_messages</c>, <c>chat_unknown_role</c>,
/// <c>chat_empty_turn</c>, <c>chat_starts_with_assistant</c>, <c>chat_roles_not_alternating</c>, <c>chat_ends_with_user</c>.
/// Prose samples are kept.
/// </summary>
public sealed class ChatStructureCheck : IQualityCheck
{
    public string Name => "chat_structure";

    public CheckVerdict Check(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Kind != DataKind.AdviceChats && sample.Messages is null)
        {
            return CheckVerdict.Keep;
        }

        var turns = sample.Messages ?? [];
        var start = turns.Count > 0 && turns[0].Role == "system" ? 1 : 0;
        if (turns.Count - start == 0)
        {
            return CheckVerdict.Drop("chat_no_messages", "no user or assistant turn");
        }

        for (var i = 0; i < turns.Count; i++)
        {
            var turn = turns[i];
            if (turn.Role is not ("user" or "assistant" or "system") || (turn.Role == "system" && i > 0))
            {
                return CheckVerdict.Drop("chat_unknown_role", $"turn {i + 1} has role '{turn.Role}'");
            }

            if (string.IsNullOrWhiteSpace(turn.Content))
            {
                return CheckVerdict.Drop("chat_empty_turn", $"turn {i + 1} ({turn.Role}) is empty");
            }
        }

        if (turns[start].Role != "user")
        {
            return CheckVerdict.Drop("chat_starts_with_assistant", "the first turn after the system prompt is not the user's");
        }

        for (var i = start + 1; i < turns.Count; i++)
        {
            if (turns[i].Role == turns[i - 1].Role)
            {
                return CheckVerdict.Drop("chat_roles_not_alternating", $"turns {i} and {i + 1} are both {turns[i].Role}");
            }
        }

        return turns[^1].Role == "assistant" ? CheckVerdict.Keep : CheckVerdict.Drop("chat_ends_with_user", "the last turn is the user's");
    }
}
