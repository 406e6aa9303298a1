using System.Globalization;
using k8s;
using k8s.Models;

namespace DataGen.Scale.Launch;

/// <summary>
/// One Kubernetes Indexed Job per stage (<c>completionMode: Indexed</c>, <c>completions</c> = the stage's task count,
/// <c>parallelism</c> = W, <c>backoffLimitPerIndex</c>), whose pods run <c>datagen run --stage S --shard auto</c>
/// (the index comes from <c>JOB_COMPLETION_INDEX</c>). The pod failure policy fails the Job on exit code 1 (a user
/// error such as a bad config: retrying cannot help) and ignores disruptions (eviction, preemption). All pods mount the
/// same volume, which must be a POSIX filesystem with atomic hard links. Apply the stages in order, waiting for each.
/// </summary>
public static class KubernetesJobRenderer
{
    public const string ContainerName = "datagen";

    public static IReadOnlyList<(string Stage, V1Job Job)> Render(string runName, int shards, WorkerCommand worker, string image, string? @namespace, string? pvc, string mountPath)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var jobs = new List<(string, V1Job)>();
        foreach (var stage in StageNames.All)
        {
            var tasks = StageNames.Tasks(stage, shards);
            var command = worker.For(stage, "auto");
            var container = new V1Container
            {
                Name = ContainerName,
                Image = image,
                Command = [command[0]],
                Args = [.. command.Skip(1)],
                VolumeMounts = pvc is null ? null : [new V1VolumeMount { Name = "data", MountPath = mountPath }],
            };
            var job = new V1Job
            {
                ApiVersion = "batch/v1",
                Kind = "Job",
                Metadata = new V1ObjectMeta
                {
                    Name = $"{runName}-{stage}",
                    NamespaceProperty = @namespace,
                    Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "datagen", ["datagen/stage"] = stage },
                },
                Spec = new V1JobSpec
                {
                    CompletionMode = "Indexed",
                    Completions = tasks,
                    Parallelism = Math.Min(tasks, Math.Max(1, worker.Workers)),
                    BackoffLimitPerIndex = 3,
                    MaxFailedIndexes = tasks,
                    PodFailurePolicy = new V1PodFailurePolicy
                    {
                        Rules =
                        [
                            new V1PodFailurePolicyRule
                            {
                                Action = "FailJob",
                                OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { ContainerName = ContainerName, OperatorProperty = "In", Values = [1] },
                            },
                            new V1PodFailurePolicyRule
                            {
                                Action = "Ignore",
                                OnPodConditions = [new V1PodFailurePolicyOnPodConditionsPattern { Type = "DisruptionTarget", Status = "True" }],
                            },
                        ],
                    },
                    Template = new V1PodTemplateSpec
                    {
                        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "datagen", ["datagen/stage"] = stage } },
                        Spec = new V1PodSpec
                        {
                            RestartPolicy = "Never",
                            Containers = [container],
                            Volumes = pvc is null ? null : [new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = pvc } }],
                        },
                    },
                },
            };
            jobs.Add((stage, job));
        }

        return jobs;
    }

    /// <summary>File name of a stage's manifest: numbered so a directory listing shows the apply order.</summary>
    public static string FileName(string stage) =>
        string.Create(CultureInfo.InvariantCulture, $"{StageNames.All.ToList().IndexOf(stage) + 1:D2}-{stage}.yaml");

    public static string ToYaml(V1Job job) => KubernetesYaml.Serialize(job);
}
