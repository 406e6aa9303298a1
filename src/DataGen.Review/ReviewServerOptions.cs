namespace DataGen.Review;

/// <summary>How <c>datagen review</c> serves a run.</summary>
public sealed record ReviewServerOptions
{
    public required string RunDirectory { get; init; }

    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The access token; null makes a random one (32 bytes, base64url).</summary>
    public string? Token { get; init; }

    /// <summary>Reviewer name used when the page sends none.</summary>
    public string DefaultReviewer { get; init; } = "reviewer";

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
