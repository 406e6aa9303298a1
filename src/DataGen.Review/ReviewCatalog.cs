using System.Globalization;
using DataGen.Reporting;
using Microsoft.Data.Sqlite;

namespace DataGen.Review;

/// <summary>
/// Queries over a <see cref="ReviewIndex"/> with the verdict store attached: filter, sort and page in SQL, so a
/// page of 100 rows out of 100,000 costs one indexed query and never the run in memory.
/// </summary>
public sealed class ReviewCatalog(ReviewIndex index, VerdictStore store)
{
    // The current verdict of every sample: its latest entry (see VerdictStore).
    private const string Current = """
        WITH cur AS (
            SELECT v.sample_id AS key, v.verdict, v.content_hash, v.reviewer, v.note FROM store.verdicts v
            WHERE v.seq = (SELECT MAX(w.seq) FROM store.verdicts w WHERE w.sample_id = v.sample_id))
        """;

    private const string FromRows = " FROM rows r LEFT JOIN cur ON cur.key = r.key ";

    public ReviewIndex Index { get; } = index;

    /// <summary>One page of the rows matching <paramref name="query"/>, and how many match in all.</summary>
    public async Task<ReviewPage> QueryAsync(ReviewQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = Connect();
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        var where = Where(query, parameters);
        if (query.Calibration is { } size)
        {
            var strata = Convert.ToInt64(await ScalarAsync(connection, $"{Current} SELECT COUNT(DISTINCT r.kind || '|' || {Band}) {FromRows} WHERE {where}", parameters, cancellationToken), CultureInfo.InvariantCulture);
            parameters["$per"] = strata == 0 ? 0 : (long)Math.Ceiling(Math.Max(1, size) / (double)strata);
            where = $"r.ord IN (SELECT ord FROM (SELECT r.ord, ROW_NUMBER() OVER (PARTITION BY r.kind, {Band} ORDER BY r.hash, r.ord) AS n {FromRows} WHERE {where}) WHERE n <= $per)";
        }

        var total = Convert.ToInt64(await ScalarAsync(connection, "SELECT COUNT(*) FROM rows", [], cancellationToken), CultureInfo.InvariantCulture);
        var matched = Convert.ToInt64(await ScalarAsync(connection, $"{Current} SELECT COUNT(*) {FromRows} WHERE {where}", parameters, cancellationToken), CultureInfo.InvariantCulture);
        parameters["$limit"] = Math.Clamp(query.Limit, 1, ReviewQuery.MaxLimit);
        parameters["$offset"] = Math.Max(0, query.Offset);
        var (join, order) = Order(query, parameters);
        var summaries = new List<ReviewSummary>();
        await using (var command = Command(connection, $"""
            {Current} SELECT r.ord, r.key, r.id, r.kind, r.principle, r.status, r.words, r.hash, r.mean, r.preview, cur.verdict, cur.content_hash, cur.reviewer, cur.note
            {FromRows} {join} WHERE {where} ORDER BY {order} LIMIT $limit OFFSET $offset
            """, parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var hash = reader.GetString(7);
                string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                var verdict = Text(10);
                summaries.Add(new ReviewSummary
                {
                    Ordinal = reader.GetInt64(0),
                    Key = reader.GetString(1),
                    Id = reader.GetString(2),
                    Kind = reader.GetString(3),
                    Principle = reader.GetString(4),
                    Status = reader.GetString(5),
                    Words = reader.GetInt32(6),
                    Mean = reader.IsDBNull(8) ? null : reader.GetDouble(8),
                    Preview = reader.GetString(9),
                    Verdict = verdict,
                    VerdictStale = verdict is not null && Text(11) != hash,
                    Reviewer = Text(12),
                    Note = Text(13),
                });
            }
        }

        await FillAsync(connection, summaries, cancellationToken);
        return new ReviewPage { Total = total, Matched = matched, Samples = summaries };
    }

    /// <summary>
    /// Judge–human agreement over the index (see <see cref="JudgeAgreement"/>): only reviewed rows are read, so it
    /// costs a join over the verdicts, never the run in memory.
    /// </summary>
    public async Task<IReadOnlyList<AgreementTable>> AgreementAsync(CancellationToken cancellationToken)
    {
        await using var connection = Connect();
        const string Reviewed = "FROM rows r JOIN cur ON cur.key = r.key WHERE cur.content_hash = r.hash AND cur.verdict IN ('accepted', 'rejected')";
        var scores = new Dictionary<long, Dictionary<string, double>>();
        await using (var command = Command(connection, $"{Current} SELECT s.ord, s.name, s.value {Reviewed.Replace("FROM rows r", "FROM rows r JOIN scores s ON s.ord = r.ord", StringComparison.Ordinal)}", []))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var ord = reader.GetInt64(0);
                if (!scores.TryGetValue(ord, out var row))
                {
                    scores[ord] = row = new Dictionary<string, double>(StringComparer.Ordinal);
                }

                row[reader.GetString(1)] = reader.GetDouble(2);
            }
        }

        var judge = JudgeAgreement.JudgeOptionsOf(Index.Run.Manifest);
        await using var rows = Command(connection, $"{Current} SELECT r.key, r.kind, r.is_reject, r.stage, r.status, r.mean IS NOT NULL, cur.verdict, r.ord {Reviewed} ORDER BY r.ord", []);
        await using var rowReader = await rows.ExecuteReaderAsync(cancellationToken);
        var pairs = new List<JudgeAgreement.Pair>();
        while (await rowReader.ReadAsync(cancellationToken))
        {
            var isReject = rowReader.GetInt64(2) == 1;
            var stage = rowReader.IsDBNull(3) ? null : rowReader.GetString(3);
            var reason = rowReader.GetString(4);
            if (JudgeAgreement.IsJudgeDecided(isReject, stage, reason, rowReader.GetInt64(5) == 1))
            {
                pairs.Add(JudgeAgreement.PairOf(rowReader.GetString(0), rowReader.GetString(1), isReject, isReject ? reason : null,
                    scores.GetValueOrDefault(rowReader.GetInt64(7)) ?? [], rowReader.GetString(6) == Verdict.Accepted, judge));
            }
        }

        return JudgeAgreement.Tables(pairs);
    }

    /// <summary>Re-judge stability per kind, from the run's manifest (see <see cref="JudgeStability"/>).</summary>
    public IReadOnlyList<JudgeStability> Stability() => JudgeStability.FromManifest(Index.Run.Manifest);

    /// <summary>Values the page's filters and sort offer.</summary>
    public async Task<object> FacetsAsync(CancellationToken cancellationToken)
    {
        await using var connection = Connect();
        return new
        {
            kinds = await ListAsync(connection, "SELECT DISTINCT kind FROM rows ORDER BY kind", cancellationToken),
            principles = await ListAsync(connection, "SELECT DISTINCT principle FROM rows ORDER BY principle", cancellationToken),
            axes = await ListAsync(connection, "SELECT DISTINCT axis || '=' || value FROM axes ORDER BY 1", cancellationToken),
            axisNames = await ListAsync(connection, "SELECT DISTINCT axis FROM axes ORDER BY 1", cancellationToken),
            reasons = await ListAsync(connection, "SELECT DISTINCT status FROM rows WHERE is_reject = 1 ORDER BY 1", cancellationToken),
            scores = await ListAsync(connection, "SELECT DISTINCT name FROM scores ORDER BY 1", cancellationToken),
            verdicts = Verdict.Values,
            simulated = Index.Run.Simulated,
            runId = Index.Run.RunId,
        };
    }

    /// <summary>The index row of a key: its content hash and kind, or null when the run has no such sample.</summary>
    public async Task<(string Hash, string Kind, bool IsReject)?> FindAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = Connect();
        await using var command = Command(connection, "SELECT hash, kind, is_reject FROM rows WHERE key = $key", new Dictionary<string, object?> { ["$key"] = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetString(1), reader.GetInt64(2) == 1) : null;
    }

    // The judge-score band a calibration sample stratifies by: the integer part of the overall score, -1 unscored.
    private const string Band = "COALESCE(CAST(r.mean AS INTEGER), -1)";

    private static string Where(ReviewQuery query, Dictionary<string, object?> parameters)
    {
        var clauses = new List<string> { "1 = 1" };
        void Add(string clause, string name, object? value)
        {
            clauses.Add(clause);
            parameters[name] = value;
        }

        if (query.Kind is not null)
        {
            Add("r.kind = $kind", "$kind", query.Kind);
        }

        if (query.Principle is not null)
        {
            Add("r.principle = $principle", "$principle", query.Principle);
        }

        if (query.Axis?.Split('=', 2) is [var axis, var value])
        {
            parameters["$axisValue"] = value;
            Add("EXISTS (SELECT 1 FROM axes a INDEXED BY axes_ord WHERE a.ord = r.ord AND a.axis = $axisName AND a.value = $axisValue)", "$axisName", axis);
        }

        switch (query.Status)
        {
            case null:
                break;
            case "kept":
                clauses.Add("r.is_reject = 0");
                break;
            case "rejected":
                clauses.Add("r.is_reject = 1");
                break;
            default:
                Add("r.is_reject = 1 AND r.status = $status", "$status", query.Status);
                break;
        }

        switch (query.Verdict)
        {
            case null:
                break;
            case "unreviewed":
                clauses.Add("cur.verdict IS NULL");
                break;
            case "stale":
                clauses.Add("cur.verdict IS NOT NULL AND (cur.content_hash IS NULL OR cur.content_hash <> r.hash)");
                break;
            default:
                Add("cur.verdict = $verdict AND cur.content_hash = r.hash", "$verdict", query.Verdict);
                break;
        }

        if (query.ScoreColumn is not null && (query.MinScore is not null || query.MaxScore is not null))
        {
            parameters["$min"] = query.MinScore ?? double.MinValue;
            parameters["$max"] = query.MaxScore ?? double.MaxValue;
            Add("EXISTS (SELECT 1 FROM scores s INDEXED BY scores_ord WHERE s.ord = r.ord AND s.name = $scoreName AND s.value BETWEEN $min AND $max)", "$scoreName", query.ScoreColumn);
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var escaped = query.Text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            Add("(r.id LIKE $text ESCAPE '\\' OR r.principle LIKE $text ESCAPE '\\' OR r.preview LIKE $text ESCAPE '\\')", "$text", $"%{escaped}%");
        }

        return string.Join(" AND ", clauses);
    }

    // Per-row lookups name the (ord, ...) index: the planner otherwise picks the (name, value) index and scans every
    // row's score for each row, quadratic at 100,000 rows.
    // A sort by a score or an axis joins that one column (one value per row at most) rather than running a
    // subquery per row: one pass and one sort over 100,000 rows.
    private static (string Join, string Order) Order(ReviewQuery query, Dictionary<string, object?> parameters)
    {
        var direction = query.Descending ? "DESC" : "ASC";
        var sort = query.Sort ?? "id";
        string expression;
        var join = string.Empty;
        if (sort.StartsWith("score:", StringComparison.Ordinal))
        {
            parameters["$sortName"] = sort[6..];
            join = "LEFT JOIN scores sortkey INDEXED BY scores_ord ON sortkey.ord = r.ord AND sortkey.name = $sortName";
            expression = "sortkey.value";
        }
        else if (sort.StartsWith("axis:", StringComparison.Ordinal))
        {
            parameters["$sortName"] = sort[5..];
            join = "LEFT JOIN axes sortkey INDEXED BY axes_ord ON sortkey.ord = r.ord AND sortkey.axis = $sortName";
            expression = "sortkey.value";
        }
        else
        {
            expression = sort switch
            {
                "mean" => "r.mean",
                "words" => "r.words",
                "kind" => "r.kind",
                "principle" => "r.principle",
                "verdict" => "cur.verdict",
                "status" => "r.status",
                _ => "r.ord",
            };
        }

        // Rows without the value (unscored, no such axis) go last either way; run order breaks ties.
        return (join, $"{expression} {direction} NULLS LAST, r.ord {direction}");
    }

    private static async Task FillAsync(SqliteConnection connection, List<ReviewSummary> summaries, CancellationToken cancellationToken)
    {
        if (summaries.Count == 0)
        {
            return;
        }

        var byOrdinal = summaries.ToDictionary(s => s.Ordinal);
        var list = string.Join(",", byOrdinal.Keys.Select(k => k.ToString(CultureInfo.InvariantCulture)));
        await using (var command = Command(connection, $"SELECT ord, name, value FROM scores WHERE ord IN ({list})", []))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                byOrdinal[reader.GetInt64(0)].Scores[reader.GetString(1)] = reader.GetDouble(2);
            }
        }

        await using (var command = Command(connection, $"SELECT ord, axis, value FROM axes WHERE ord IN ({list})", []))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                byOrdinal[reader.GetInt64(0)].Axes[reader.GetString(1)] = reader.GetString(2);
            }
        }
    }

    private SqliteConnection Connect()
    {
        var connection = Index.Connect();
        using var attach = connection.CreateCommand();
        attach.CommandText = "ATTACH DATABASE $path AS store";
        attach.Parameters.AddWithValue("$path", store.Path);
        attach.ExecuteNonQuery();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, Dictionary<string, object?> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }
        }

        return command;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, Dictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task<List<string>> ListAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, []);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
