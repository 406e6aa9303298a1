using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace DataGen.Review;

/// <summary>
/// The review server's gate: a random token must come with every request, in the page URL's <c>?token=</c> (which
/// sets a SameSite=Strict, HttpOnly cookie), in that cookie, or as <c>Authorization: Bearer</c>. Anything else is
/// 401. Writes also need the <c>X-DataGen-Review</c> header, which a cross-site form cannot send.
/// </summary>
internal sealed class ReviewAccess(string token)
{
    public const string CookieName = "datagen_review";
    public const string WriteHeader = "X-DataGen-Review";

    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";

        var fromQuery = context.Request.Query["token"].ToString();
        var bearer = context.Request.Headers.Authorization.ToString();
        var presented = Matches(fromQuery) ? fromQuery
            : Matches(context.Request.Cookies[CookieName]) ? context.Request.Cookies[CookieName]
            : bearer.StartsWith("Bearer ", StringComparison.Ordinal) && Matches(bearer[7..]) ? bearer[7..]
            : null;
        if (presented is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("401: this review server needs the token from the URL it printed at start.", context.RequestAborted);
            return;
        }

        if (HttpMethods.IsPost(context.Request.Method) && !context.Request.Headers.ContainsKey(WriteHeader))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync($"403: writes need the {WriteHeader} header.", context.RequestAborted);
            return;
        }

        if (fromQuery.Length > 0)
        {
            context.Response.Cookies.Append(CookieName, fromQuery, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
        }

        await next(context);
    }

    private bool Matches(string? candidate) =>
        !string.IsNullOrEmpty(candidate) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _token);
}
