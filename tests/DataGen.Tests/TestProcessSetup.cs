using DataGen.Quality.Embeddings;

namespace DataGen.Tests;

/// <summary>Once per test run, before any test: what the CLI does for its own process, done for the test process.</summary>
[SetUpFixture]
public sealed class TestProcessSetup
{
    // Tests build ONNX sessions directly (MiniLmEmbeddingGeneratorTests), so the test process, too, opts out of
    // ONNX Runtime's telemetry before its first session; OnnxRuntimeTelemetryTests checks the CLI in a child process.
    [OneTimeSetUp]
    public void OptOutOfOnnxRuntimeTelemetry() => OnnxRuntimeTelemetry.EnsureOptedOut();
}
