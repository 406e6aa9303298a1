using System.Globalization;
using System.Text;

namespace DataGen.Scale.Launch;

/// <summary>
/// One <c>sbatch</c> script per stage: a job array with one task per shard (<c>--array=0-N%W</c>, or only the missing
/// shards on resume), <c>--requeue</c>, and the task index read from <c>SLURM_ARRAY_TASK_ID</c> by <c>--shard auto</c>.
/// The worker is <c>exec</c>ed so Slurm's SIGTERM reaches it: it stops, commits nothing and exits non-zero.
/// </summary>
public static class SlurmArrayScript
{
    public static string Render(string stage, IReadOnlyList<int> shards, WorkerCommand worker, string logFolder, string? partition, string? timeLimit)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentNullException.ThrowIfNull(worker);
        var script = new StringBuilder();
        script.Append("#!/bin/bash\n");
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name=datagen-{stage}\n");
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --array={ArraySpec(shards, worker.Workers)}\n");
        script.Append("#SBATCH --requeue\n");
        script.Append("#SBATCH --ntasks=1\n");
        script.Append("#SBATCH --open-mode=append\n");
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={logFolder}/{stage}-%A_%a.out\n");
        if (partition is not null)
        {
            script.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={partition}\n");
        }

        if (timeLimit is not null)
        {
            script.Append(CultureInfo.InvariantCulture, $"#SBATCH --time={timeLimit}\n");
        }

        script.Append(CultureInfo.InvariantCulture, $"# DataGen stage '{stage}': each task commits its shard once, so a requeued or duplicate task exits 0 without changing the output.\n");
        script.Append("set -euo pipefail\n");
        script.Append("exec ").Append(string.Join(' ', worker.For(stage, "auto").Select(Quote))).Append('\n');
        return script.ToString();
    }

    /// <summary><c>0-N%W</c> for a whole stage, a comma list of the missing shards otherwise.</summary>
    public static string ArraySpec(IReadOnlyList<int> shards, int workers)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var contiguous = shards.Count > 0 && shards[^1] - shards[0] == shards.Count - 1;
        var list = contiguous
            ? string.Create(CultureInfo.InvariantCulture, $"{shards[0]}-{shards[^1]}")
            : string.Join(',', shards.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        return string.Create(CultureInfo.InvariantCulture, $"{list}%{Math.Max(1, workers)}");
    }

    /// <summary>Single-quotes a word for bash.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-=:+,@%".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
