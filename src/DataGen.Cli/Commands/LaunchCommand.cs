using System.CommandLine;
using System.Globalization;
using DataGen.Scale;
using DataGen.Scale.Launch;

namespace DataGen.Cli.Commands;

/// <summary>
/// <c>datagen launch local|slurm|k8s</c>: runs or schedules every stage of a sharded run. DataGen has no scheduler of
/// its own: local runs W worker processes per stage, Slurm gets one job array per stage chained with afterok,
/// Kubernetes gets one Indexed Job per stage.
/// </summary>
internal static class LaunchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var launch = new Command("launch", "Run a sharded run on this machine (local), or write and submit Slurm job arrays (slurm), or render Kubernetes Indexed Jobs (k8s). Every worker must see the same --out folder.");
        launch.Subcommands.Add(Local(stdout, stderr));
        launch.Subcommands.Add(Slurm(stdout, stderr));
        launch.Subcommands.Add(Kubernetes(stdout, stderr));
        return launch;
    }

    private static Command Local(TextWriter stdout, TextWriter stderr)
    {
        var shared = new LaunchOptions();
        var command = new Command("local", "Run every stage with W worker processes over the shards; a rerun resumes (committed shards are skipped).");
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var worker = shared.Worker(parse, [Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? Environment.ProcessPath : "dotnet", Path.Combine(AppContext.BaseDirectory, "datagen.dll")]);
            return await LocalLauncher.RunAsync(worker, shared.Output(parse), stdout, stderr, cancellationToken);
        });
        return command;
    }

    private static Command Slurm(TextWriter stdout, TextWriter stderr)
    {
        var shared = new LaunchOptions();
        var partition = new Option<string?>("--partition") { Description = "Slurm partition for every array (default: the cluster's default)." };
        var time = new Option<string?>("--time") { Description = "Slurm time limit per task, e.g. 02:00:00." };
        var resume = new Option<bool>("--resume") { Description = "Submit only the shards that have no commit yet (skips finished stages)." };
        var noSubmit = new Option<bool>("--no-submit") { Description = "Write the sbatch scripts under OUT/_work/slurm/ without submitting them." };
        var command = new Command("slurm", "Write one sbatch job-array script per stage under OUT/_work/slurm/ and submit them chained with --dependency=afterok and --kill-on-invalid-dep=yes.")
        {
            partition, time, resume, noSubmit,
        };
        shared.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var worker = shared.Worker(parse, [Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? Environment.ProcessPath : "dotnet", Path.Combine(AppContext.BaseDirectory, "datagen.dll")]);
            var launcher = new SlurmLauncher(worker, shared.Output(parse), parse.GetValue(partition), parse.GetValue(time));
            return await launcher.RunAsync(parse.GetValue(resume), !parse.GetValue(noSubmit), stdout, stderr, cancellationToken);
        });
        return command;
    }

    private static Command Kubernetes(TextWriter stdout, TextWriter stderr)
    {
        var shared = new LaunchOptions();
        var image = new Option<string>("--image") { Description = "Container image whose entrypoint path has 'datagen'.", Required = true };
        var ns = new Option<string?>("--namespace") { Description = "Namespace of the Jobs." };
        var pvc = new Option<string?>("--pvc") { Description = "PersistentVolumeClaim (ReadWriteMany, POSIX with hard links) mounted at --mount in every pod." };
        var mount = new Option<string>("--mount") { Description = "Where the claim is mounted in the pod.", DefaultValueFactory = _ => "/data" };
        var name = new Option<string>("--name") { Description = "Prefix of the Job names.", DefaultValueFactory = _ => "datagen" };
        var command = new Command("k8s", "Render one Kubernetes Indexed Job per stage to OUT/_work/k8s/NN-stage.yaml. Apply them in order, waiting for each: kubectl apply -f 01-plan.yaml && kubectl wait --for=condition=complete job/datagen-plan ...")
        {
            image, ns, pvc, mount, name,
        };
        shared.AddTo(command, keepPaths: true);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var worker = shared.Worker(parse, ["datagen"]);
            var folder = Path.Combine(Path.GetFullPath(shared.Output(parse)), ScaleLayout.WorkFolder, "k8s");
            Directory.CreateDirectory(folder);
            foreach (var (stage, job) in KubernetesJobRenderer.Render(parse.GetValue(name)!, worker.Shards, worker, parse.GetValue(image)!, parse.GetValue(ns), parse.GetValue(pvc), parse.GetValue(mount)!))
            {
                var file = Path.Combine(folder, KubernetesJobRenderer.FileName(stage));
                await File.WriteAllTextAsync(file, KubernetesJobRenderer.ToYaml(job), cancellationToken);
                await stdout.WriteLineAsync(file);
            }

            return DataGenCli.Success;
        });
        return command;
    }

    /// <summary>The options every launcher shares; they become the workers' <c>datagen run</c> arguments.</summary>
    private sealed class LaunchOptions
    {
        private readonly Option<FileInfo> _config = CommonOptions.Config();
        private readonly Option<string> _out = new("--out", "-o") { Description = "Output folder, on a filesystem every worker sees.", Required = true };
        private readonly Option<int?> _limit = new("--limit") { Description = "Cap on samples per kind." };
        private readonly Option<string?> _provider = CommonOptions.Provider();
        private readonly Option<string?> _model = CommonOptions.Model();
        private readonly Option<Uri?> _endpoint = CommonOptions.Endpoint();
        private readonly Option<int> _workers = new("--workers", "-w") { Description = "Concurrent workers W per stage.", DefaultValueFactory = _ => 1 };
        private readonly Option<int> _shards = new("--shards") { Description = "Shard count S (fixed for the run; independent of W).", DefaultValueFactory = _ => 8 };
        private bool _keepPaths;

        public void AddTo(Command command, bool keepPaths = false)
        {
            _keepPaths = keepPaths;
            foreach (var option in new Option[] { _config, _out, _limit, _provider, _model, _endpoint, _workers, _shards })
            {
                command.Options.Add(option);
            }
        }

        public string Output(ParseResult parse) => parse.GetValue(_out)!;

        public WorkerCommand Worker(ParseResult parse, IReadOnlyList<string> executable)
        {
            // Kubernetes paths are the pod's, not this machine's: they are passed on as given.
            var config = _keepPaths ? (parse.GetResult(_config)?.Tokens is { Count: > 0 } tokens ? tokens[0].Value : null) ?? "pipeline.json" : parse.GetValue(_config)!.FullName;
            var output = _keepPaths ? Output(parse) : Path.GetFullPath(Output(parse));
            var args = new List<string> { "--config", config, "--out", output };
            if (parse.GetValue(_limit) is { } limit)
            {
                args.AddRange(["--limit", limit.ToString(CultureInfo.InvariantCulture)]);
            }

            if (parse.GetValue(_provider) is { } provider)
            {
                args.AddRange(["--provider", provider]);
            }

            if (parse.GetValue(_model) is { } model)
            {
                args.AddRange(["--model", model]);
            }

            if (parse.GetValue(_endpoint) is { } endpoint)
            {
                args.AddRange(["--endpoint", endpoint.ToString()]);
            }

            return new WorkerCommand { Executable = executable, RunArguments = args, Shards = Math.Max(1, parse.GetValue(_shards)), Workers = Math.Max(1, parse.GetValue(_workers)) };
        }
    }
}
