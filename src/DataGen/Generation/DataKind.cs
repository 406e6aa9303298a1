namespace DataGen.Generation;

/// <summary>The three kinds of training data DataGen produces.</summary>
public enum DataKind
{
    /// <summary>Documents that discuss a principle and its reasons (synthetic document fine-tuning).</summary>
    Documents,

    /// <summary>Fiction where an AI character chooses well under pressure and the narration shows why.</summary>
    Stories,

    /// <summary>Chats where a user faces a dilemma and the assistant reasons through it explicitly.</summary>
    AdviceChats,
}
