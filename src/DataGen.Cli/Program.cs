using DataGen.Cli;

return await DataGenCli.InvokeAsync(args, Console.Out, Console.Error);
