using System.Security.Cryptography;
using DataGen.Configuration;
using DataGen.Providers.Local;
using Microsoft.Extensions.Logging;

namespace DataGen.Tests.Providers.Local;

/// <summary>The Hugging Face download path against a file served on loopback.</summary>
[TestFixture]
public sealed class ModelDownloaderTests
{
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
    private string _cache = null!;
    private HttpClient _http = null!;

    [SetUp]
    public void CreateCache()
    {
        _cache = Directory.CreateTempSubdirectory("datagen-models-").FullName;
        _http = new HttpClient();
    }

    [TearDown]
    public void DeleteCache()
    {
        _http.Dispose();
        Directory.Delete(_cache, recursive: true);
    }

    [Test]
    public async Task EnsureAsync_FreshCache_DownloadsToTheCachePathAndVerifies()
    {
        await using var server = new LoopbackFileServer(_content);
        var model = Model(server, Sha(_content));

        var path = await Downloader().EnsureAsync(model, _cache, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(path, Is.EqualTo(Path.Combine(_cache, "acme", "tiny-GGUF", "main", "tiny.Q4.gguf")));
            Assert.That(await ShaOfFileAsync(path), Is.EqualTo(Sha(_content)));
            Assert.That(File.Exists(path + ModelDownloader.PartSuffix), Is.False);
            Assert.That(server.Requests.Single().Path, Is.EqualTo("/acme/tiny-GGUF/resolve/main/tiny.Q4.gguf"));
        }
    }

    [Test]
    public async Task EnsureAsync_FileAlreadyCached_DoesNotDownload()
    {
        await using var server = new LoopbackFileServer(_content);
        var model = Model(server, null);
        await Downloader().EnsureAsync(model, _cache, CancellationToken.None);

        await Downloader().EnsureAsync(model, _cache, CancellationToken.None);

        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task EnsureAsync_ConnectionCutMidBody_ResumesWithRangeAndCompletes()
    {
        await using var server = new LoopbackFileServer(_content) { CutFirstResponse = true };
        var logger = new RecordingLogger<ModelDownloader>();

        var path = await Downloader(logger).EnsureAsync(Model(server, Sha(_content)), _cache, CancellationToken.None);

        var requests = server.Requests.ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await ShaOfFileAsync(path), Is.EqualTo(Sha(_content)));
            Assert.That(requests, Has.Count.EqualTo(2));
            Assert.That(requests[0].Range, Is.Empty);
            Assert.That(requests[1].Range, Does.Match("^bytes=[1-9][0-9]*-$"));
            Assert.That(logger.Entries.Select(e => e.Message), Has.Some.Contains("resuming"));
        }
    }

    [Test]
    public async Task EnsureAsync_ServerIgnoresRange_RestartsAndCompletes()
    {
        await using var server = new LoopbackFileServer(_content) { CutFirstResponse = true, HonourRange = false };

        var path = await Downloader().EnsureAsync(Model(server, Sha(_content)), _cache, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await ShaOfFileAsync(path), Is.EqualTo(Sha(_content)));
            Assert.That(server.Requests.Last().Range, Is.Not.Empty);
        }
    }

    [Test]
    public async Task EnsureAsync_PartLeftByEarlierRun_ResumesFromIt()
    {
        await using var server = new LoopbackFileServer(_content);
        var model = Model(server, Sha(_content));
        var target = model.CachePath(_cache);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await File.WriteAllBytesAsync(target + ModelDownloader.PartSuffix, _content[..1000]);

        await Downloader().EnsureAsync(model, _cache, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(server.Requests.Single().Range, Is.EqualTo("bytes=1000-"));
            Assert.That(await ShaOfFileAsync(target), Is.EqualTo(Sha(_content)));
        }
    }

    [Test]
    public async Task EnsureAsync_ChecksumMismatch_ThrowsNamingBothHashesAndLeavesNoFile()
    {
        await using var server = new LoopbackFileServer(_content);
        var wrong = new string('a', 64);
        var model = Model(server, wrong);
        var target = model.CachePath(_cache);

        var ex = await Assert.ThrowsAsync<ConfigException>(() => Downloader().EnsureAsync(model, _cache, CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex!.Message, Does.Contain(wrong).And.Contain(Sha(_content)).And.Contain("tiny.Q4.gguf"));
            Assert.That(File.Exists(target), Is.False);
            Assert.That(File.Exists(target + ModelDownloader.PartSuffix), Is.False);
        }
    }

    [Test]
    public async Task EnsureAsync_TokenVariableSet_SendsBearerTokenAndNeverLogsIt()
    {
        const string variable = "DATAGEN_TEST_HF_TOKEN";
        const string token = "hf_test_secret_value";
        Environment.SetEnvironmentVariable(variable, token);
        try
        {
            await using var server = new LoopbackFileServer(_content);
            var logger = new RecordingLogger<ModelDownloader>();

            await Downloader(logger).EnsureAsync(Model(server, null) with { TokenEnv = variable }, _cache, CancellationToken.None);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(server.Requests.Single().Authorization, Is.EqualTo($"Bearer {token}"));
                Assert.That(logger.Entries.Select(e => e.Message), Has.None.Contains(token));
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    private ModelDownloader Downloader(ILogger<ModelDownloader>? logger = null) =>
        new(_http, logger ?? new RecordingLogger<ModelDownloader>(), TimeProvider.System, maxAttempts: 3, retryDelay: TimeSpan.Zero);

    private static HuggingFaceModelOptions Model(LoopbackFileServer server, string? sha256) => new()
    {
        Repository = "acme/tiny-GGUF",
        File = "tiny.Q4.gguf",
        Sha256 = sha256,
        BaseUrl = server.BaseUrl,
        TokenEnv = "DATAGEN_TEST_UNSET_TOKEN",
    };

    private static string Sha(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    // Compared by hash: NUnit compares a 3 MiB array element by element, which takes about half a second.
    private static async Task<string> ShaOfFileAsync(string path) => Sha(await File.ReadAllBytesAsync(path));
}
