/** Top-level help, kept free of imports so `hop3 --help` starts instantly. */
export const HELP_TEXT = `hop3 — deploy apps on your own server (Hop3 for Node)

Usage: hop3 <command> [options]

Apps
  deploy <dir> [--app NAME] [--host H[,H…]] [--env K=V]…   build and run an app
  apps                                  list apps
  status <app>                          show an app's state and processes
  releases <app>                        list an app's releases (what can be rolled back to)
  rollback <app> [N] [--with-config]    put back release N (default: the previous one), no rebuild
  start|stop|restart <app>              control an app's processes
  scale <app> KIND=N…                   set process counts (web=2, worker=+1)
  logs <app> [--lines N]                show the app's recent log lines
  config show|set|unset <app> …         manage an app's environment (restarts it)
  destroy <app> [--yes] [--volumes]     remove an app (keeps its data/ dir; named volumes unless --volumes)
  certs <app> | issue <app> | renew [<app>|--all] [--force]   TLS certificates (ACME / Let's Encrypt)

Git push and SSH
  git push hop3@server:<app> main       deploy the pushed commit (a failed deploy rejects the push)
  ssh-keys add <name> <key.pub>|list|remove <name>   keys that may push and run hop3 over SSH
  remote add <name> <user@host[:port]>  client mode, in the app's git repository; then
  -r <name> <command> …                 deploy pushes HEAD, other commands run over SSH

Services
  addons …                              backing services (postgres, redis)
  server start|stop|status              the embedded nginx and uWSGI emperor
  setup [--dry-run] [--only GROUPS]     provision this server
  plugins                               list discovered plugins and their strategies

Options
  --json        machine-readable output (one JSON object on stdout)
  --help, -h    help for hop3 or a command (hop3 deploy --help)
  --version     print the version

Environment
  HOP3_ROOT       where apps and state live (default ~/.hop3, /home/hop3 on a provisioned server)
  HOP3_HTTP_PORT  port of the embedded nginx (default 8080)
  HOP3_SERVICES   "embedded" (default) or "system"
`;
