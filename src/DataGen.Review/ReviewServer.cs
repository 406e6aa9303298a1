using System.Globalization;
using System.Net;
using System.Reflection;
using DataGen.Output.Reading;
using DataGen.Reporting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataGen.Review;

/// <summary>
/// <c>datagen review</c>: a local web page over a run, on 127.0.0.1 only, behind a random token (see
/// <see cref="ReviewAccess"/>). One HTML page with a script and a style sheet, all served from here (no CDN), a
/// strict Content-Security-Policy, and generated text sent as JSON and shown with <c>textContent</c> only.
/// Verdicts go to the run's <see cref="VerdictStore"/>.
/// </summary>
public sealed class ReviewServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ReviewCatalog _catalog;
    private readonly VerdictStore _store;
    private readonly ReviewServerOptions _options;

    private ReviewServer(WebApplication app, ReviewCatalog catalog, VerdictStore store, ReviewServerOptions options, string token)
    {
        _app = app;
        _catalog = catalog;
        _store = store;
        _options = options;
        Token = token;
    }

    public string Token { get; }

    /// <summary>Base address, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The address to open: the base with the token.</summary>
    public Uri PageUrl => new(BaseUrl, $"?token={Token}");

    public VerdictStore Store => _store;

    public static async Task<ReviewServer> StartAsync(ReviewServerOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var index = await ReviewIndex.OpenAsync(options.RunDirectory, cancellationToken);
        var store = VerdictStore.ForRun(index.Run.Directory);
        var catalog = new ReviewCatalog(index, store);
        var token = options.Token ?? ReviewAccess.NewToken();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (loggerFactory is not null)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, options.Port));

        // Escape <, > and & inside JSON strings too: the page never parses data as HTML, but a JSON body opened
        // directly in a browser must not carry live markup either.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default);
        var app = builder.Build();
        var server = new ReviewServer(app, catalog, store, options, token);
        var access = new ReviewAccess(token);
        app.Use(access.InvokeAsync);
        app.MapGet("/", () => Asset("review.html", "text/html; charset=utf-8"));
        app.MapGet("/review.js", () => Asset("review.js", "text/javascript; charset=utf-8"));
        app.MapGet("/review.css", () => Asset("review.css", "text/css; charset=utf-8"));
        app.MapGet("/api/facets", async (CancellationToken ct) => Results.Json(await catalog.FacetsAsync(ct)));
        app.MapGet("/api/samples", (Func<HttpContext, Task<IResult>>)server.ListAsync);
        app.MapGet("/api/agreement", async (CancellationToken ct) => Results.Json((await catalog.AgreementAsync(ct)).Select(t => new
        {
            group = t.Group, rows = t.Count, bothKeep = t.BothKeep, judgeKeepReviewerReject = t.JudgeKeepHumanDrop, judgeDropReviewerAccept = t.JudgeDropHumanKeep,
            bothDrop = t.BothDrop, agreement = t.ObservedAgreement, kappa = t.Kappa, low = t.Interval?.Low, high = t.Interval?.High, disagreements = t.Disagreements,
        })));
        app.MapGet("/api/stability", () => Results.Json(catalog.Stability().Select(k => new
        {
            kind = k.Kind, judgedTwice = k.JudgedTwice, secondUnparseable = k.SecondUnparseable, keepFlips = k.KeepFlips, keepFlipShare = k.KeepFlipShare,
            anyScoreFlip = k.AnyScoreFlip, scoreFlips = k.ScoreFlips, gateFlips = k.GateFlips,
        })));
        app.MapGet("/api/samples/{key}", (Func<string, CancellationToken, Task<IResult>>)server.DetailAsync);
        app.MapPost("/api/verdicts", (Func<HttpContext, Task<IResult>>)server.AddVerdictAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ListAsync(HttpContext context)
    {
        var q = context.Request.Query;
        string? Text(string name) => q[name].ToString() is { Length: > 0 } value ? value : null;
        double? Number(string name) => double.TryParse(q[name], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
        var query = new ReviewQuery
        {
            Kind = Text("kind"),
            Principle = Text("principle"),
            Axis = Text("axis"),
            Status = Text("status"),
            Verdict = Text("verdict"),
            ScoreColumn = Text("score"),
            MinScore = Number("min"),
            MaxScore = Number("max"),
            Text = Text("q"),
            Sort = Text("sort"),
            Descending = Text("dir") == "desc",
            Offset = (int)Math.Clamp(Number("offset") ?? 0, 0, int.MaxValue),
            Limit = (int)Math.Clamp(Number("limit") ?? 100, 1, ReviewQuery.MaxLimit),
            Calibration = Number("calibration") is { } size ? (int)Math.Clamp(size, 1, 100_000) : null,
        };
        var page = await _catalog.QueryAsync(query, context.RequestAborted);

        // The response names the query it answers (and the page's request number), so the page can drop a late
        // answer to an older filter instead of showing it over a newer one.
        return Results.Json(new
        {
            seq = Number("seq"),
            query,
            total = page.Total,
            matched = page.Matched,
            offset = query.Offset,
            samples = page.Samples.Select(Summary),
        });
    }

    private async Task<IResult> DetailAsync(string key, CancellationToken cancellationToken)
    {
        if (await _catalog.Index.ReadRowAsync(key, cancellationToken) is not { } row)
        {
            return Results.NotFound(new { error = $"no sample {key}" });
        }

        var hash = row.ContentHash;
        var history = await _store.HistoryAsync(key, cancellationToken);

        var hidden = new HashSet<string>(StringComparer.Ordinal) { "text", "messages", "content", "axes", RunRow.RationaleColumn };
        return Results.Json(new
        {
            key,
            id = row.Id,
            kind = row.Kind,
            principleId = row.PrincipleId,
            principleTitle = row.PrincipleTitle,
            axes = row.Axes,
            isReject = row.IsReject,
            stage = row.Stage,
            reason = row.Reason,
            detail = row.Detail,
            messages = row.Messages?.Select(m => new { role = m.Role, content = m.Content }),
            text = row.Messages is null ? row.Text : null,
            rationale = row.Rationale,
            scores = row.Scores,
            columns = row.Columns.Where(c => !hidden.Contains(c.Key) && (c.Value is string || c.Value is not System.Collections.IEnumerable))
                .ToDictionary(c => c.Key, c => row.Field(c.Key)),
            contentHash = hash,
            history = history.Select(v => new { v.Sequence, v.Value, v.Note, v.Reviewer, v.CreatedAt, v.ContentHash, stale = v.IsStaleFor(hash) }),
        });
    }

    private async Task<IResult> AddVerdictAsync(HttpContext context)
    {
        VerdictRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync<VerdictRequest>(context.RequestAborted);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return Results.BadRequest(new { error = $"body is not a verdict: {ex.Message}" });
        }

        if (request?.Key is null || await _catalog.FindAsync(request.Key, context.RequestAborted) is not { } row)
        {
            return Results.BadRequest(new { error = "unknown sample" });
        }

        if (request.Verdict is null || !Verdict.Values.Contains(request.Verdict))
        {
            return Results.BadRequest(new { error = $"verdict must be one of {string.Join(", ", Verdict.Values)}" });
        }

        var reviewer = string.IsNullOrWhiteSpace(request.Reviewer) ? _options.DefaultReviewer : request.Reviewer.Trim();
        var saved = await _store.AddAsync(new Verdict
        {
            SampleId = request.Key,
            Kind = row.Kind,
            Value = request.Verdict,
            Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note,
            Reviewer = reviewer[..Math.Min(reviewer.Length, 100)],
            CreatedAt = _options.Time.GetUtcNow(),
            ContentHash = row.Hash,
        }, context.RequestAborted);
        return Results.Json(new { saved.Sequence, saved.Value, saved.Note, saved.Reviewer, saved.CreatedAt, saved.ContentHash, stale = false });
    }

    private static object Summary(ReviewSummary row) => new
    {
        key = row.Key,
        kind = row.Kind,
        principle = row.Principle,
        axes = row.Axes,
        status = row.Status,
        scores = row.Scores,
        mean = row.Mean,
        words = row.Words,
        preview = row.Preview,
        verdict = row.Verdict,
        stale = row.VerdictStale,
        reviewer = row.Reviewer,
        note = row.Note,
    };

    private static IResult Asset(string name, string contentType)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"DataGen.Review.Assets.{name}")
            ?? throw new InvalidOperationException($"embedded asset {name} missing");
        using var reader = new StreamReader(stream);
        return Results.Text(reader.ReadToEnd(), contentType);
    }

    private sealed record VerdictRequest(string? Key, string? Verdict, string? Note, string? Reviewer);
}
