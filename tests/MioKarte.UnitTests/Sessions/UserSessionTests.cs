using MioKarte.Core.Sessions;

namespace MioKarte.UnitTests.Sessions;

public sealed class UserSessionTests
{
    private static readonly DateTime Start = new(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan Absolute = TimeSpan.FromHours(12);

    [Theory]
    [InlineData("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "iPad / Safari")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/130.0 Mobile/15E148 Safari/604.1", "iPhone / Chrome")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0", "Windows / Edge")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36", "Windows / Chrome")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "Mac / Safari")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Linux / Firefox")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36", "Android / Chrome")]
    [InlineData("curl/8.5.0", "不明な端末")]
    [InlineData("", "不明な端末")]
    [InlineData(null, "不明な端末")]
    public void A_user_agent_becomes_a_short_device_description(string? userAgent, string expected) =>
        Assert.Equal(expected, DeviceDescription.FromUserAgent(userAgent));

    [Fact]
    public void A_new_session_is_live_and_stamped_with_its_start()
    {
        var session = UserSession.Start("user-1", "iPad / Safari", "受付PC-1", Start);

        Assert.Equal(Start, session.StartedAtUtc);
        Assert.Equal(Start, session.LastSeenAtUtc);
        Assert.Equal(Start, session.AuthenticatedAtUtc);
        Assert.Equal("受付PC-1", session.TerminalName);
        Assert.True(session.IsLiveAt(Start.AddMinutes(14), Idle, Absolute));
    }

    [Fact]
    public void A_session_is_over_after_15_idle_minutes_or_12_hours()
    {
        var session = UserSession.Start("user-1", "Mac / Safari", null, Start);

        Assert.False(session.IsLiveAt(Start.AddMinutes(16), Idle, Absolute));
        session.Reauthenticated(Start.AddHours(11.9));
        Assert.True(session.IsLiveAt(Start.AddHours(11.95), Idle, Absolute));
        Assert.False(session.IsLiveAt(Start.AddHours(12.1), Idle, Absolute));
    }

    [Fact]
    public void Ending_twice_keeps_the_first_end_and_an_ended_session_cannot_be_reauthenticated()
    {
        var session = UserSession.Start("user-1", "Mac / Safari", null, Start);

        session.End(SessionEndReason.EndedByUser, Start.AddMinutes(1));
        session.End(SessionEndReason.SignedOut, Start.AddMinutes(2));

        Assert.Equal(Start.AddMinutes(1), session.EndedAtUtc);
        Assert.Equal(SessionEndReason.EndedByUser, session.EndReason);
        Assert.False(session.IsLiveAt(Start.AddMinutes(1), Idle, Absolute));
        Assert.Throws<InvalidOperationException>(() => session.Reauthenticated(Start.AddMinutes(3)));
    }

    [Fact]
    public void Overlong_device_and_terminal_texts_are_cut_to_their_columns()
    {
        var session = UserSession.Start("user-1", new string('d', 200), new string('t', 200), Start);

        Assert.Equal(UserSession.DeviceMaxLength, session.Device.Length);
        Assert.Equal(UserSession.TerminalMaxLength, session.TerminalName!.Length);
    }
}
