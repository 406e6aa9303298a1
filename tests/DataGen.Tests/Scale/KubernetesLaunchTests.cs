using DataGen.Tests.Support;
using k8s;
using k8s.Models;

namespace DataGen.Tests.Scale;

/// <summary><c>launch k8s</c>: Indexed Jobs checked against the Kubernetes model types, and their commands run per index.</summary>
public sealed class KubernetesLaunchTests
{
    [Test]
    public async Task LaunchK8s_RendersOneIndexedJobPerStage_WhoseCommandsRunPerIndexGiveTheRowsOfOneProcess()
    {
        using var dir = new TempDirectory();
        var config = dir.CopyRepoInputs();
        var reference = dir.Combine("reference");
        Assert.That((await CliRun.InvokeAsync("run", "--config", config, "--out", reference, "--limit", "3")).ExitCode, Is.Zero);
        var output = dir.Combine("k8s");

        var render = await CliRun.InvokeAsync("launch", "k8s", "--config", config, "--out", output, "--limit", "3", "--image", "registry.example/datagen:1", "--workers", "2", "--shards", "3", "--pvc", "datagen-data", "--namespace", "gen");

        Assert.That(render.ExitCode, Is.Zero, render.ToString());
        var files = render.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(files.Select(Path.GetFileName), Is.EqualTo(new[] { "01-plan.yaml", "02-generate.yaml", "03-dedupe.yaml", "04-judge.yaml", "05-finalize.yaml" }));
        foreach (var file in files)
        {
            var job = KubernetesYaml.Deserialize<V1Job>(await File.ReadAllTextAsync(file));
            var sharded = file.EndsWith("generate.yaml", StringComparison.Ordinal) || file.EndsWith("judge.yaml", StringComparison.Ordinal);
            var pod = job.Spec.Template.Spec;
            var container = pod.Containers.Single();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(job.Kind, Is.EqualTo("Job"));
                Assert.That(job.ApiVersion, Is.EqualTo("batch/v1"));
                Assert.That(job.Metadata.NamespaceProperty, Is.EqualTo("gen"));
                Assert.That(job.Spec.CompletionMode, Is.EqualTo("Indexed"));
                Assert.That(job.Spec.Completions, Is.EqualTo(sharded ? 3 : 1));
                Assert.That(job.Spec.Parallelism, Is.EqualTo(sharded ? 2 : 1));
                Assert.That(job.Spec.BackoffLimitPerIndex, Is.Positive);
                Assert.That(job.Spec.PodFailurePolicy.Rules[0].Action, Is.EqualTo("FailJob"));
                Assert.That(job.Spec.PodFailurePolicy.Rules[0].OnExitCodes.Values, Is.EqualTo(new[] { 1 }));
                Assert.That(pod.RestartPolicy, Is.EqualTo("Never"), "a pod failure policy needs restartPolicy Never");
                Assert.That(pod.Volumes.Single().PersistentVolumeClaim.ClaimName, Is.EqualTo("datagen-data"));
                Assert.That(container.Image, Is.EqualTo("registry.example/datagen:1"));
                Assert.That(container.Command, Is.EqualTo(new[] { "datagen" }));
                Assert.That(container.Args, Does.Contain("auto"));
            }

            for (var index = 0; index < job.Spec.Completions; index++)
            {
                var run = await ScaleRun.RunAsync(container.Args, new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                Assert.That(run.ExitCode, Is.Zero, $"{file} index {index}: {run}");
            }
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ScaleRun.Rows(output), Is.EqualTo(ScaleRun.Rows(reference)));
            Assert.That(ScaleRun.ContentHash(output), Is.EqualTo(ScaleRun.ContentHash(reference)));
        }
    }
}
