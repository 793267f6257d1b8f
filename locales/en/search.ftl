## search
