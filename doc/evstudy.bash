# bash completion for evstudy -*- shell-script -*-
# Installed as $(bashcompdir)/evstudy (bash-completion's completionsdir):
# subcommands, each command's options, the values of the options that
# take a fixed set, files and directories for the others.  Keep the lists
# in step with `evstudy [COMMAND] --help`.

_evstudy ()
{
  local cur prev cmd i opts
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  cmd=
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      import|run|history|export|merge|intraday) cmd=${COMP_WORDS[i]}; break ;;
      -*) ;;
      *) [[ ${COMP_WORDS[i-1]} == -* ]] || break ;;
    esac
  done

  case $prev in
    --format)
      case $cmd in
        history) COMPREPLY=($(compgen -W 'table csv' -- "$cur")) ;;
        intraday) COMPREPLY=($(compgen -W 'csv json table' -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W 'table csv json text' -- "$cur")) ;;
      esac
      return ;;
    --table)
      case $cmd in
        export) COMPREPLY=($(compgen -W 'car ar car-path' -- "$cur")) ;;
        intraday) COMPREPLY=($(compgen -W 'car ar day0 series aggregate' -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W 'car ar car-path aggregate aggregate-days aggregate-windows
             tests regress bhar calendar' -- "$cur")) ;;
      esac
      return ;;
    --model)
      COMPREPLY=($(compgen -W 'mean market-adjusted market ff3 ff5 carhart factors
        scholes-williams dimson garch' -- "$cur"))
      return ;;
    --measure) COMPREPLY=($(compgen -W 'return volume volatility' -- "$cur")); return ;;
    --vcov) COMPREPLY=($(compgen -W 'classical hc0 hc1 hc2 hc3 cluster:' -- "$cur")); return ;;
    --regress-weights) COMPREPLY=($(compgen -W 'inverse-variance' -- "$cur")); return ;;
    --align) COMPREPLY=($(compgen -W 'start end' -- "$cur")); return ;;
    --overnight) COMPREPLY=($(compgen -W 'include exclude' -- "$cur")); return ;;
    --partial-feed) COMPREPLY=($(compgen -W 'auto yes no' -- "$cur")); return ;;
    --returns) COMPREPLY=($(compgen -W 'simple log' -- "$cur")); return ;;
    --adjust) COMPREPLY=($(compgen -W 'holm bh' -- "$cur")); return ;;
    --plot-format) COMPREPLY=($(compgen -W 'png svg pdf' -- "$cur")); return ;;
    --exchange) COMPREPLY=(); return ;;
    --plot|--report|--plot-templates)
      COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --events|--prices|--market|--factors|--db|-o|--output|--gnuplot|--characteristics|\
    --benchmark)
      COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --ticker|--price-column|--factor-columns|--dimson-lags|--estimation|--min-estimation|\
    --window|--ar-days|--max-gap-days|--group-by|--bootstrap|--seed|-j|--jobs|\
    --max-memory|--run|--rerun|--wait|--regress|--calendar-time|--ct-weights|--ct-min|\
    --shard|--chart-from|--estimation-sessions|--estimation-gap|--seasonal-bin|--stored|\
    --stored-market)
      COMPREPLY=(); return ;;
  esac

  case $cmd in
    import) opts='--db --events --factors --price-column --wait --help' ;;
    run) opts='--db --events --prices --market --factors --exchange --model --returns --estimation
           --min-estimation --window --ar-days --format --table --output --allow-empty --rerun
           --wait --help --regress --characteristics --vcov --regress-weights --bhar-tests
           --benchmark --calendar-time --ct-weights --ct-min --shard --measure' ;;
    merge) opts='--format --table --output --plot --plot-format --plot-templates --gnuplot
           --report --allow-empty --jobs --help' ;;
    intraday) opts='--prices --market --ticker --db --stored --stored-market --exchange
           --events --align --window --estimation-sessions --estimation-gap --overnight
           --model --min-estimation --seasonal --seasonal-bin --measure --partial-feed
           --format --table --output --plot --plot-format --plot-templates --gnuplot --help
           --jobs --returns' ;;
    history) opts='--db --format --check --wait --help' ;;
    export) opts='--db --run --format --table --output --wait --help' ;;
    *) opts='--events --prices --market --ticker --price-column --exchange --measure --model
         --factors --factor-columns --dimson-lags --returns --estimation --min-estimation
         --window --ar-days --max-gap-days --group-by --bootstrap --seed --adjust --jobs
         --max-memory --allow-empty --format --table --output --plot --plot-format
         --plot-templates --gnuplot --report --help --version --regress --characteristics
         --vcov --regress-weights --bhar-tests --benchmark --calendar-time --ct-weights
         --ct-min --shard --chart-from' ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ -z $cmd && $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W 'import run history export merge intraday' -- "$cur") $(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -F _evstudy evstudy
