namespace DataGen.Generation;

/// <summary>One message of a chat sample, in the <c>{role, content}</c> shape fine-tuning libraries read.</summary>
public sealed record ChatTurn(string Role, string Content);
