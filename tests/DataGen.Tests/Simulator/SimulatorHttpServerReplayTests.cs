using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DataGen.Configuration;
using DataGen.Simulator;

namespace DataGen.Tests.Simulator;

/// <summary>
/// The simulator server's replay mode (<c>simulate-server --replay</c>, what <c>datagen bench --server replay</c>
/// measures against): a reply is recorded under its request body and an identical request is answered from memory.
/// </summary>
public sealed class SimulatorHttpServerReplayTests
{
    private const string Body =
        """{"model":"bench","seed":7,"messages":[{"role":"system","content":"You write short stories."},{"role":"user","content":"Write a story about a lighthouse keeper who finds a letter in the supply crate."}]}""";

    private const string OtherBody =
        """{"model":"bench","seed":8,"messages":[{"role":"user","content":"Write a story about a night-shift nurse and a patient who will not sleep."}]}""";

    [Test]
    public async Task Replay_SameBodyTwice_AnswersTheSecondFromMemoryWithTheSameReply()
    {
        await using var server = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean, replay: true);
        using var http = new HttpClient();

        var first = await PostAsync(http, server, Body);
        var second = await PostAsync(http, server, Body);
        var other = await PostAsync(http, server, OtherBody);

        Assert.That(second, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
        Assert.That(server.ReplayCounts, Is.EqualTo((2, 1L, 2L)));
        var counts = JsonNode.Parse(await http.GetStringAsync(new Uri(server.BaseUrl + "/simulator/replay")))!;
        Assert.That((counts["recorded"]!.GetValue<int>(), counts["hits"]!.GetValue<long>(), counts["misses"]!.GetValue<long>()), Is.EqualTo((2, 1L, 2L)));
    }

    [Test]
    public async Task Replay_Reply_IsTheOneTheSimulatorComposesWithoutReplay()
    {
        await using var replaying = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean, replay: true);
        await using var composing = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean);
        using var http = new HttpClient();

        await PostAsync(http, replaying, Body);
        var replayed = JsonNode.Parse(await PostAsync(http, replaying, Body))!;
        var composed = JsonNode.Parse(await PostAsync(http, composing, Body))!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(replayed["choices"]![0]!["message"]!["content"]!.GetValue<string>(), Is.EqualTo(composed["choices"]![0]!["message"]!["content"]!.GetValue<string>()).And.Not.Empty);
            Assert.That(replayed["usage"]!.ToJsonString(), Is.EqualTo(composed["usage"]!.ToJsonString()));
            Assert.That(replayed["model"]!.GetValue<string>(), Is.EqualTo(SimulatorHttpServer.ModelPrefix + "bench"));
        }
    }

    [Test]
    public async Task Replay_RecordedReply_KeepsTheConfiguredLatency()
    {
        await using var server = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean with { Latency = new LatencyOptions { Distribution = "fixed", MeanMs = 150 } }, replay: true);
        using var http = new HttpClient();
        await PostAsync(http, server, Body);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await PostAsync(http, server, Body);

        // A lower bound only: an answer from memory still waits for the latency a real endpoint would take.
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(140)));
        Assert.That(server.ReplayCounts!.Value.Hits, Is.EqualTo(1));
    }

    [Test]
    public async Task Replay_BodyNotJson_AnswersBadRequestAndRecordsNothing()
    {
        await using var server = await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean, replay: true);
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(server.BaseUrl + "/chat/completions"), new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("request body is not JSON"));
        Assert.That(server.ReplayCounts!.Value.Recorded, Is.Zero);
    }

    [Test]
    public void StartAsync_ReplayWithFaults_Throws() =>
        Assert.That(async () => await SimulatorHttpServer.StartAsync(SimulatorOptions.Clean with { Faults = new FaultOptions { Http500 = 0.1 } }, replay: true),
            Throws.ArgumentException.With.Message.Contains("well-formed replies only"));

    private static async Task<string> PostAsync(HttpClient http, SimulatorHttpServer server, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(new Uri(server.BaseUrl + "/chat/completions"), content);
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsStringAsync();
    }
}
